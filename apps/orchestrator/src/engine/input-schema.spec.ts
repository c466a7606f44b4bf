import { compileSchema, InputSchemas } from './input-schema';

const schema = {
  type: 'object',
  required: ['email', 'amount'],
  properties: { email: { type: 'string', format: 'email' }, amount: { type: 'number', minimum: 1 } },
};

describe('InputSchemas', () => {
  const schemas = new InputSchemas();

  it('accepts input that fits the schema', () => {
    expect(schemas.check(schema, { email: 'a@example.com', amount: 3 })).toEqual([]);
  });

  it('accepts anything when there is no schema', () => {
    expect(schemas.check(undefined, 'whatever')).toEqual([]);
  });

  it('reports every problem at its path under input', () => {
    expect(schemas.check(schema, { email: 'nope', amount: 0 })).toEqual([
      { path: 'input.email', message: 'must match format "email"' },
      { path: 'input.amount', message: 'must be at least 1' },
    ]);
    expect(schemas.check(schema, {})).toEqual([
      { path: 'input.email', message: 'is required' },
      { path: 'input.amount', message: 'is required' },
    ]);
    expect(schemas.check({ type: 'array', items: { type: 'number' } }, [1, 'x'])).toEqual([
      { path: 'input[1]', message: 'must be a number' },
    ]);
  });

  it('keeps schemas with the same $id apart', () => {
    const asString = { $id: 'http://example.com/s', type: 'string' };
    const asNumber = { $id: 'http://example.com/s', type: 'number' };
    expect(schemas.check(asString, 'x')).toEqual([]);
    expect(schemas.check(asNumber, 'x')).toEqual([{ path: 'input', message: 'must be a number' }]);
  });

  it('reports a schema that does not compile instead of throwing', () => {
    expect(schemas.check({ type: 'nope' }, {})).toEqual([
      { path: 'inputSchema', message: expect.stringContaining('is invalid: schema is invalid') as string },
    ]);
  });
});

describe('compileSchema', () => {
  it("throws ajv's message for an invalid schema", () => {
    expect(() => compileSchema({ required: 'a' })).toThrow('data/required must be array');
  });

  it('ignores unknown keywords and formats rather than failing', () => {
    const validate = compileSchema({ type: 'string', format: 'shoe-size', 'x-ui': 1 });
    expect(validate('42')).toBe(true);
  });
});

describe('compileSchema', () => {
  it('matches `pattern` in linear time', () => {
    const validate = compileSchema({ type: 'string', pattern: '^(a+)+$' });
    const started = performance.now();
    expect(validate(`${'a'.repeat(30)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a pattern with a backreference', () => {
    expect(() => compileSchema({ type: 'string', pattern: '(a)\\1' })).toThrow(/not supported/);
  });
});
