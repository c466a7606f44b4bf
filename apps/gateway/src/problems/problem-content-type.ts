/** The media type of every error the gateway sends (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
