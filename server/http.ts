/**
 * The HTTP side lives in server/http/: router.ts (routing by the one route table, security
 * headers), boardRoutes.ts (the generic runner of board commands), serverRoutes.ts (health,
 * config, create), staticFiles.ts (the built client), refusals.ts (refusal → HTTP answer).
 */
export { CONTENT_SECURITY_POLICY, createRequestHandler, SECURITY_HEADERS, type HttpContext } from './http/router'
