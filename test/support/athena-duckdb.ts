/**
 * Athena, as far as the saved reports need it, emulated in DuckDB: a Glue
 * table's partition projection decides which S3 folders hold its data and
 * what partition values their files get, and its column types decide
 * whether the files read at all. Nothing here is derived from the library's
 * code; it reads only the synthesized table.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * A DuckDB connection that speaks the Presto/Trino functions the saved
 * reports call (as macros over DuckDB's own), in UTC like Athena, with an
 * empty schema for the table's view.
 */
export async function athenaConnection(schema: string): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const statement of [
    "SET TimeZone = 'UTC'",
    'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO date_format(d, f) AS strftime(d, f)',
    'CREATE MACRO to_unixtime(t) AS epoch(t)',
    `CREATE SCHEMA ${schema}`,
  ]) {
    await connection.run(statement);
  }
  return connection;
}

/** The Glue table as synthesized (`TableInput` of `AWS::Glue::Table`), with the bucket part of the template taken off. */
export interface GlueTable {
  readonly name: string;
  readonly columns: Array<{ Name: string; Type: string }>;
  readonly partitionKeys: Array<{ Name: string; Type: string }>;
  readonly parameters: Record<string, string>;
  /** `storage.location.template` after `s3://<bucket>/`, e.g. `AWSLogs/${aws_account_id}/vpcflowlogs/...`. */
  readonly keyTemplate: string;
  readonly parquet: boolean;
}

/** A file of the bucket: its S3 key and where it is on disk. */
export interface StoredFile {
  readonly key: string;
  readonly path: string;
}

/** Reads the table out of a template's `TableInput`, whose location template is `Fn::Join` of `s3://`, the bucket and the rest. */
export function glueTable(tableInput: any): GlueTable {
  const { 'storage.location.template': template, ...parameters } = tableInput.Parameters;
  return {
    name: tableInput.Name,
    columns: tableInput.StorageDescriptor.Columns,
    partitionKeys: tableInput.PartitionKeys,
    parameters,
    keyTemplate: String(template['Fn::Join'][1][2]).replace(/^\//, ''),
    parquet: tableInput.Parameters.classification === 'parquet',
  };
}

const DUCK_TYPES: Record<string, string> = { bigint: 'BIGINT', int: 'INTEGER', string: 'VARCHAR' };

/** Which Parquet physical types Athena reads as each column type: an INT64 is too wide for int. */
const READABLE_AS: Record<string, string[]> = { bigint: ['INT32', 'INT64'], int: ['INT32'], string: ['BYTE_ARRAY'] };

/**
 * The partition values projection gives the folder of `key`, or undefined
 * when no projected partition is that folder (Athena then never reads the
 * file): each value must be in its enum or integer range, and the folder
 * rendered from the values (integers padded to `digits`) must be the file's.
 */
export function projectedPartition(table: GlueTable, key: string): Record<string, string> | undefined {
  const names = [...table.keyTemplate.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(`^${table.keyTemplate.replace(/\$\{(\w+)\}/g, '(?<$1>[^/]+)')}/[^/]+$`);
  const groups = pattern.exec(key)?.groups;
  if (!groups) {
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = projectedValue(table.parameters, name, groups[name]);
    if (value === undefined) {
      return undefined;
    }
    values[name] = value;
  }
  const folder = table.keyTemplate.replace(/\$\{(\w+)\}/g, (_, name) => values[name]);
  return key.startsWith(`${folder}/`) ? values : undefined;
}

function projectedValue(parameters: Record<string, string>, name: string, text: string): string | undefined {
  const type = parameters[`projection.${name}.type`];
  if (type === 'enum') {
    return parameters[`projection.${name}.values`].split(',').includes(text) ? text : undefined;
  }
  if (type === 'injected') {
    // Any value: Athena takes the one the query names (checkInjectedFilter).
    return text;
  }
  if (type === 'integer') {
    const [low, high] = parameters[`projection.${name}.range`].split(',').map(Number);
    const n = Number(text);
    const digits = Number(parameters[`projection.${name}.digits`] ?? 0);
    return Number.isInteger(n) && n >= low && n <= high ? String(n).padStart(digits, '0') : undefined;
  }
  throw new Error(`projection.${name}.type ${type} is not emulated`);
}

/**
 * Fails as Athena does on a query of a table with an injected projection
 * that does not name the column's value: "the WHERE clause must contain
 * only static equality conditions" on it
 * (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-injected-type.html).
 */
export function checkInjectedFilter(table: GlueTable, sql: string): void {
  for (const key of table.partitionKeys.map((p) => p.Name)) {
    if (table.parameters[`projection.${key}.type`] === 'injected' && !new RegExp(`\\b${key}\\s*=\\s*(\\?|'[^']*')`).test(sql)) {
      throw new Error(`CONSTRAINT_VIOLATION: For the injected projected partition column ${key}, the WHERE clause must contain only static equality conditions`);
    }
  }
}

/** Fails as Athena does on a table it cannot use: partition keys that repeat a column, or lack a projection. */
function checkTable(table: GlueTable): void {
  const columns = table.columns.map((c) => c.Name);
  const repeated = table.partitionKeys.filter((p) => columns.includes(p.Name)).map((p) => p.Name);
  if (repeated.length > 0) {
    throw new Error(`HIVE_INVALID_METADATA: Table ${table.name} has partition keys that repeat columns: ${repeated.join(', ')}`);
  }
  const templateNames = [...table.keyTemplate.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  const keys = table.partitionKeys.map((p) => p.Name);
  if ([...templateNames].sort().join() !== [...keys].sort().join() || keys.some((k) => !table.parameters[`projection.${k}.type`])) {
    throw new Error(`partition keys ${keys.join(', ')} do not match the template's ${templateNames.join(', ')} and their projections`);
  }
}

/**
 * Creates the view `<schema>.<table>` over the files projection finds, typed
 * like the Glue table. Plain text reads as the LazySimpleSerDe does (by
 * position after the header line, a value that does not fit its column
 * becomes NULL); Parquet by column name, and a file whose physical type the
 * column type cannot read fails, as Athena's HIVE_BAD_DATA does.
 */
export async function createTableView(connection: DuckDBConnection, schema: string, table: GlueTable, files: StoredFile[]): Promise<void> {
  checkTable(table);
  const selects: string[] = [];
  for (const file of files) {
    const partition = projectedPartition(table, file.key);
    if (partition) {
      const partitions = table.partitionKeys.map((p) => `CAST('${partition[p.Name]}' AS ${DUCK_TYPES[p.Type]}) AS "${p.Name}"`);
      selects.push(`SELECT ${[...await columnsOf(connection, table, file), ...partitions].join(', ')} FROM ${source(table, file)}`);
    }
  }
  const empty = `SELECT ${[...table.columns, ...table.partitionKeys].map((c) => `CAST(NULL AS ${DUCK_TYPES[c.Type]}) AS "${c.Name}"`).join(', ')} WHERE false`;
  await connection.run(`CREATE VIEW ${schema}.${table.name} AS ${[...selects, empty].join('\nUNION ALL ')}`);
}

async function columnsOf(connection: DuckDBConnection, table: GlueTable, file: StoredFile): Promise<string[]> {
  if (!table.parquet) {
    return table.columns.map((c) => `TRY_CAST("${c.Name}" AS ${DUCK_TYPES[c.Type]}) AS "${c.Name}"`);
  }
  const schema = await connection.runAndReadAll(`SELECT name, type FROM parquet_schema('${file.path}') WHERE type IS NOT NULL`);
  const physical = new Map(schema.getRowObjectsJson().map((row) => [String(row.name), String(row.type)]));
  return table.columns.map((c) => {
    const type = physical.get(c.Name);
    if (type === undefined) {
      return `CAST(NULL AS ${DUCK_TYPES[c.Type]}) AS "${c.Name}"`;
    }
    if (!READABLE_AS[c.Type].includes(type)) {
      throw new Error(`HIVE_BAD_DATA: Field ${c.Name}'s type ${type} in parquet file ${file.key} is incompatible with type ${c.Type} defined in table schema`);
    }
    return `CAST("${c.Name}" AS ${DUCK_TYPES[c.Type]}) AS "${c.Name}"`;
  });
}

function source(table: GlueTable, file: StoredFile): string {
  if (table.parquet) {
    return `read_parquet('${file.path}')`;
  }
  const text = table.columns.map((c) => `'${c.Name}': 'VARCHAR'`).join(', ');
  const header = table.parameters['skip.header.line.count'] === '1';
  return `read_csv('${file.path}', delim = ' ', header = ${header}, nullstr = '-', columns = {${text}})`;
}
