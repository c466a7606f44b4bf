import { patternProblem } from '@ensemble/expressions';

type Report = (path: string, message: string) => void;

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reports every `pattern` and `patternProperties` key of a JSON Schema that the linear-time
 * engine cannot run, at its path (`inputSchema.properties.code.pattern`); true when all can.
 */
export function checkSchemaPatterns(schema: unknown, path: string, report: Report): boolean {
  if (Array.isArray(schema))
    return schema
      .map((item: unknown, i) => checkSchemaPatterns(item, `${path}[${i}]`, report))
      .every(Boolean);
  if (!isFields(schema)) return true;
  let ok = true;
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}.${key}`;
    const problem = key === 'pattern' && typeof value === 'string' ? patternProblem(value, 'u') : undefined;
    if (problem !== undefined) report(at, problem);
    if (key === 'patternProperties' && isFields(value)) ok = checkPatternKeys(value, at, report) && ok;
    ok = problem === undefined && checkSchemaPatterns(value, at, report) && ok;
  }
  return ok;
}

function checkPatternKeys(properties: Record<string, unknown>, path: string, report: Report): boolean {
  let ok = true;
  for (const key of Object.keys(properties)) {
    const problem = patternProblem(key, 'u');
    if (problem !== undefined) report(`${path}[${JSON.stringify(key)}]`, problem);
    ok = problem === undefined && ok;
  }
  return ok;
}
