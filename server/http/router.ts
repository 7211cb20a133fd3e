/**
 * HTTP side: the JSON API under /api/ (routed by the one route table, shared/commands/routes.ts),
 * the sign-in routes under /auth/ (issue 12, server/auth/routes.ts) and the built client
 * (STATIC_DIR, staticFiles.ts) for everything else. Every response carries
 * the security headers below; every error answer is an `ApiError` from the one refusal table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Method, RouteName } from '../../shared/commands/routes'
import { ROUTES } from '../../shared/commands/routes'
import type { HttpContext } from '../apiSupport'
import { HttpError, readBody, refuse, safeDecode, sendError, sendJson } from '../apiSupport'
import { handleAuthRoute } from '../auth/routes'
import { errorText, log } from '../log'
import { isBoardId } from '../tokens'
import { runBoardRoute } from './boardRoutes'
import { SERVER_ROUTES, type ServerRouteName } from './serverRoutes'
import { serveStatic } from './staticFiles'

export type { HttpContext } from '../apiSupport'

/** Only our own origin. CSP 3 lets 'self' match ws:/wss: to the same host, so sync needs no more. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
}

export function createRequestHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    handle(ctx, req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        sendError(res, err)
      } else {
        log('error', 'http_error', { error: errorText(err) })
        sendError(res, refuse('internal'))
      }
    })
  }
}

async function handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Only the path is used; the query string is never looked at nor logged.
  const pathname = (req.url ?? '/').split('?')[0].split('#')[0]
  if (!pathname.startsWith('/')) throw refuse('badRequest')
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    await handleApi(ctx, req, res, pathname)
  } else if (pathname === '/auth' || pathname.startsWith('/auth/')) {
    // Sign-in (issue 12): before the static files, so no file can shadow a route; with sign-in
    // off every /auth path is 404 `sign_in_off`.
    await handleAuthRoute(ctx, req, res, pathname)
  } else {
    await serveStatic(ctx.config.staticDir, req, res, pathname)
  }
}

interface CompiledRoute {
  name: RouteName
  method: Method
  pattern: RegExp
  paramNames: string[]
}

/** `/api/boards/:id/sessions/:session/:file` → a pattern; a parameter with listed values takes only those. */
function compile(name: RouteName): CompiledRoute {
  const route = ROUTES[name]
  const allowed: Readonly<Record<string, readonly string[]>> = route.params
  const paramNames: string[] = []
  const source = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z]+)/g, (_, param: string) => {
    paramNames.push(param)
    const values = allowed[param]
    return values ? `(${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})` : '([^/]+)'
  })
  return { name, method: route.method, pattern: new RegExp(`^${source}$`), paramNames }
}

const COMPILED: CompiledRoute[] = (Object.keys(ROUTES) as RouteName[]).map(compile)

async function handleApi(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const onPath = COMPILED.filter((route) => route.pattern.test(pathname))
  if (onPath.length === 0) throw refuse('notFound')
  const route = onPath.find((r) => r.method === req.method)
  if (route === undefined) {
    throw refuse('methodNotAllowed', { headers: { Allow: onPath.map((r) => r.method).join(', ') } })
  }
  const match = route.pattern.exec(pathname)!
  const params = Object.fromEntries(route.paramNames.map((param, i) => [param, match[i + 1]]))
  const spec = ROUTES[route.name]
  if (spec.command === null) {
    const body = await readBody(req, spec.maxBodyBytes)
    const name = route.name as ServerRouteName
    sendJson(res, spec.status, await SERVER_ROUTES[name](ctx, req, body))
    return
  }
  // Cluster hook (issue 11, see `HttpContext.forwardBoardRequest`): a board another node owns is
  // served there. Asked before anything of the request is used here — access, body — so the body
  // can still be streamed on; an id that is no board id is answered here (404 `unknown_board`).
  const boardId = safeDecode(params.id)
  if (ctx.forwardBoardRequest !== undefined && boardId !== null && isBoardId(boardId)) {
    if (await ctx.forwardBoardRequest(req, res, boardId)) return
  }
  await runBoardRoute(ctx, req, res, route.name as Exclude<RouteName, ServerRouteName>, params)
}
