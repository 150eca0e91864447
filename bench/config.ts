/** What the synth benchmark measures and the targets it checks. */
import { ColdVariant } from './cold-synth';

export const SIZES = [1, 10, 100, 300, 400];
export const RUNS = 9;
export const WARM_UP_RUNS = 2;
export const RESOURCE_LIMIT = 500;
export const RATIO_TARGET = 1.2;
export const RATIO_AT = 100;
export const COLD_SIZES = [1, 100];
export const COLD_VARIANTS: ColdVariant[] = ['ours', 'ours, alarms off', 'L2'];
