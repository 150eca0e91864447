import * as crypto from 'crypto';
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

/**
 * `name` if it fits in `maxLength`, else its start and `separator` and 8
 * characters of a hash of `identity` (the whole name unless given), so two
 * long names that share a start stay different, and the same name always
 * shortens alike.
 */
export function fitWithHash(name: string, maxLength: number, separator: string, identity: string = name): string {
  if (name.length <= maxLength) {
    return name;
  }
  const hash = crypto.createHash('sha256').update(identity).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - separator.length)}${separator}${hash}`;
}

/**
 * What names an archive in its account and Region: its stack's name and its
 * path within that stack. Stack names are unique per account and Region, so
 * two copies of one stack (the same construct path under two `stackName`s)
 * get different alarm names, probe tags, metric dimensions and databases.
 * For a stack named after its ID this is the construct path; for a stack
 * whose name is only known at deploy time (a nested stack), the path.
 */
export function nameInAccount(construct: IConstruct): string {
  const stack = Stack.of(construct);
  return Token.isUnresolved(stack.stackName) ? construct.node.path : `${stack.stackName}/${pathWithinStack(construct, construct)}`;
}
