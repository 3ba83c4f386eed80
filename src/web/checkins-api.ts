// Check-ins over the API (behind the bearer token): the focal points' RAS, newest first, numbers masked;
// a region-limited token lists the committees seated in its regions. Thin: the checkins service reads.
import { Router } from 'express';
import type { CheckinsService } from '../checkins/checkins.service.ts';
import { CURSOR, LIMIT, pageOf, paged } from './api.ts';
import { page as pageSchema, type JsonSchema, type RouteDoc } from './api-doc.ts';
import { apiPrincipal } from './auth.ts';

const CHECKIN: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    at: { type: 'string', format: 'date-time' },
    committee: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        type: { type: 'string' },
        pcode: { type: 'string' },
      },
    },
    focalPoint: {
      type: 'object',
      properties: { name: { type: 'string' }, masked: { type: 'string', description: 'the number, masked (+223 7• •• •4 21)' } },
    },
  },
};

/** What this router answers, for the OpenAPI document. */
export const checkinRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/checkins',
    tag: 'committees',
    summary: 'Focal points’ check-ins (RAS, nothing to report), newest first, numbers masked',
    query: [LIMIT, CURSOR],
    ok: { status: 200, description: 'a page of check-ins', schema: pageSchema(CHECKIN) },
    errors: [400],
  },
];

export function checkinsApiRouter(deps: { checkins: CheckinsService }): Router {
  const router = Router();
  router.get('/checkins', async (req, res) => {
    const page = pageOf(req);
    const rows = await deps.checkins.list(apiPrincipal(res), page);
    res.json(
      paged(
        rows,
        page,
        (k) => k.at,
        (k) => k,
      ),
    );
  });
  return router;
}
