import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** One response as a client saw it. */
export interface ObservedResponse {
  method: string;
  /** The path from the server's root, with or without a query. */
  path: string;
  status: number;
  headers: Headers;
  /** The body as text ('' when there was none). */
  body: string;
}

export type ResponseObserver = (response: ObservedResponse) => void;

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, unknown>>;
}

const DOCUMENT_ID = 'https://ensemble.invalid/openapi.json';
const API = '/api/v1/';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** The media type of a response, without parameters, lower case. */
function mediaTypeOf(response: ObservedResponse): string {
  const [type = ''] = (response.headers.get('content-type') ?? '').split(';');
  return type.trim().toLowerCase();
}

/** A JSON pointer segment (`/` and `~` escaped). */
const pointer = (segment: string): string => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks responses against the OpenAPI document the gateway serves, as a client generated from it
 * would rely on them: the route and status are declared, the content type is one the status
 * declares, and the body validates (ajv, JSON Schema 2020-12, as OAS 3.1 says) against its
 * schema. An /api/v1 path the document does not have must be answered by a Problem 404. Records
 * what does not hold; `violations()` lists it.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; pattern: RegExp; params: number }[];
  private readonly found: string[] = [];
  private checked = 0;

  private constructor(private readonly document: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    this.templates = Object.keys(document.paths)
      .map((path) => ({
        path,
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (path.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The document the gateway at `baseUrl` serves now. */
  static async of(baseUrl: string): Promise<OpenApiConformance> {
    const response = await fetch(`${baseUrl}/api/openapi.json`);
    if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
    return new OpenApiConformance((await response.json()) as Document);
  }

  /** Checks every response `clients` get from now on against their gateway's document. */
  static async watch(
    ...clients: { baseUrl: string; observer?: ResponseObserver }[]
  ): Promise<OpenApiConformance> {
    const conformance = await OpenApiConformance.of(clients[0]?.baseUrl ?? '');
    for (const client of clients) client.observer = conformance.observe;
    return conformance;
  }

  /** A fetch for a client (such as openapi-fetch's) that shows every response to this check. */
  fetchFor(): (request: Request) => Promise<Response> {
    return async (request) => {
      const response = await fetch(request);
      const url = new URL(request.url);
      this.observe({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        status: response.status,
        headers: response.headers,
        body: await response.clone().text(),
      });
      return response;
    };
  }

  /** A type guard: whether a value fits the document's schema `name` (components/schemas). */
  fits<T>(name: string): (value: unknown) => value is T {
    const validate = this.ajv.compile<T>({ $ref: `${DOCUMENT_ID}#/components/schemas/${pointer(name)}` });
    return (value): value is T => validate(value);
  }

  /** Records what is wrong with `response`, if anything. */
  readonly observe: ResponseObserver = (response) => {
    this.checked += 1;
    for (const problem of this.check(response)) {
      this.found.push(`${response.method} ${response.path} → ${response.status}: ${problem}`);
    }
  };

  /** Everything wrong so far, and how many responses were checked. */
  report(): { checked: number; violations: string[] } {
    return { checked: this.checked, violations: [...this.found] };
  }

  /** What is wrong with one response ([] when it is as documented). */
  check(response: ObservedResponse): string[] {
    const path = response.path.split('?')[0] ?? '';
    const template = this.templates.find((t) => t.pattern.test(path));
    const method = response.method.toLowerCase();
    const operation = template ? this.operation(template.path, method) : undefined;
    if (!template || !operation) {
      if (!path.startsWith(API)) return [];
      // A route the document does not have: the router's 404, as a problem.
      if (response.status !== 404) return [`${method.toUpperCase()} ${path} is not documented`];
      return this.checkBody(response, `#/components/schemas/Problem`, 'application/problem+json');
    }
    const status = String(response.status) in operation.responses ? String(response.status) : 'default';
    const declared = operation.responses[status] as ResponseObject | undefined;
    if (!declared) return [`status ${response.status} is not declared`];
    const responsePointer = `#/paths/${pointer(template.path)}/${method}/responses/${status}`;
    const mediaTypes = Object.keys(declared.content ?? {});
    if (mediaTypes.length === 0)
      return response.body === '' ? [] : [`a body where none is declared: ${response.body.slice(0, 200)}`];
    const contentType = mediaTypeOf(response);
    if (!mediaTypes.includes(contentType))
      return [`content type "${contentType}" is not one of ${mediaTypes.join(', ')}`];
    if (declared.content?.[contentType]?.schema === undefined) return [];
    return this.checkBody(response, `${responsePointer}/content/${pointer(contentType)}/schema`, contentType);
  }

  private operation(path: string, method: string): Operation | undefined {
    if (!METHODS.has(method)) return undefined;
    const item = this.document.paths[path] as Record<string, unknown> | undefined;
    return item?.[method] as Operation | undefined;
  }

  private checkBody(response: ObservedResponse, schemaPointer: string, contentType: string): string[] {
    const actual = mediaTypeOf(response);
    if (actual !== contentType) return [`content type "${actual}" is not ${contentType}`];
    if (!contentType.includes('json')) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`a body that is not JSON: ${response.body.slice(0, 200)}`];
    }
    const validate = this.validator(schemaPointer);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `body${e.instancePath} ${e.message ?? 'is invalid'} (${e.schemaPath}): ${JSON.stringify(body).slice(0, 300)}`,
    );
  }

  private validator(schemaPointer: string): ValidateFunction {
    const cached = this.validators.get(schemaPointer);
    if (cached) return cached;
    const validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
    this.validators.set(schemaPointer, validate);
    return validate;
  }
}

/**
 * A test file's last test: every response its watched clients received was declared by the served
 * document (route, status, content type, body). `conformance` is read when the test runs, after
 * `beforeAll` has set it.
 */
export function itAnsweredAsTheDocumentSays(conformance: () => OpenApiConformance, atLeast = 1): void {
  it('answered every request as the OpenAPI document says', () => {
    const { checked, violations } = conformance().report();
    expect(violations).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(atLeast);
  });
}
