/** What the synth benchmark measures and the targets it checks. */
import { ColdVariant } from './cold-synth';

export const SIZES = [1, 10, 100, 300, 400];
export const RUNS = 9;
export const WARM_UP_RUNS = 2;
export const RESOURCE_LIMIT = 500;
/** The former target against the L2 at N=100, kept as a reference in the text (issue 20 replaced it with the two below). */
export const RATIO_TARGET = 1.2;
/** Synth time per extra target at most this times the L2's. */
export const PER_TARGET_TARGET = 1.1;
/** Synth time at N=RATIO_AT at most this times the least the CDK's L1 classes take for the same template. */
export const L1_FLOOR_TARGET = 1.1;
export const RATIO_AT = 100;
export const COLD_SIZES = [1, 100];
export const COLD_VARIANTS: ColdVariant[] = ['ours', 'ours, alarms off', 'L2'];
