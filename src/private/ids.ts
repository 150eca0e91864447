import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The construct path of `construct`, relative to the stack of `scope` when
 * both live in the same stack (so IDs do not change when a stack is renamed).
 */
export function pathWithinStack(construct: IConstruct, scope: IConstruct): string {
  const stackPath = Stack.of(scope).node.path;
  const path = construct.node.path;
  return path.startsWith(`${stackPath}/`) ? path.slice(stackPath.length + 1) : path;
}

/**
 * A construct ID that is a pure function of an identity string. Construct
 * IDs may not contain '/', and logical IDs keep only letters and digits.
 */
export function constructIdFrom(kind: string, identity: string): string {
  const cleaned = identity.replace(/\//g, '-').replace(/[^A-Za-z0-9\-_.]/g, '');
  return `${kind}-${cleaned}`;
}

/**
 * What identifies `value` on every synth alike: the value itself, or for a
 * token what it resolves to (a `Ref`, a `GetAtt`). A token's string form
 * (`${Token[...]}`) depends on how many tokens the app created before it, so
 * IDs built from it would change, and replace resources, when unrelated code does.
 */
export function stableIdentity(scope: IConstruct, value: string): string {
  return Token.isUnresolved(value) ? JSON.stringify(Stack.of(scope).resolve(value)) : value;
}
