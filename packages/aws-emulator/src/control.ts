import type http from 'node:http';
import { readBody } from './readBody';
import type { AssumeRoleTally } from './state/AssumeRoleTally';
import { OutageMode, Outages } from './state/Outages';

// The emulator's own endpoints, unsigned, under /_emulator/: its health and call counts, and
// the outage switch that makes a service fail for a while (scripts/soak.mjs uses both).

export const HEALTH_PATH = '/_emulator/health';
export const OUTAGES_PATH = '/_emulator/outages';

export interface ControlState {
  counts: Map<string, number>;
  assumeRoles: AssumeRoleTally;
  outages: Outages;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** `POST /_emulator/outages`: `{ "service": "sts", "seconds": 30, "mode": "reset" }`. */
async function startOutage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  outages: Outages,
) {
  const { body } = await readBody(req);
  let input: { service?: unknown; seconds?: unknown; mode?: unknown };
  try {
    input = JSON.parse(body?.toString('utf8') || 'null') ?? {};
  } catch {
    sendJson(res, 400, { error: 'the body must be JSON' });
    return;
  }
  if (typeof input.seconds !== 'number') {
    sendJson(res, 400, { error: 'seconds must be a number, like 30' });
    return;
  }
  try {
    outages.start(
      input.service as string,
      input.seconds * 1000,
      (input.mode ?? 'unavailable') as OutageMode,
    );
  } catch (error) {
    sendJson(res, 400, { error: (error as Error).message });
    return;
  }
  sendJson(res, 200, { outages: outages.list() });
}

/**
 * Answers a request to one of the emulator's own endpoints and returns true; returns false
 * for any other request, which is AWS's.
 */
export async function handleControl(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rawPath: string,
  rawQuery: string,
  state: ControlState,
): Promise<boolean> {
  if (rawPath === HEALTH_PATH) {
    sendJson(res, 200, {
      status: 'ok',
      calls: Object.fromEntries(state.counts),
      assumeRole: state.assumeRoles.counts(),
      outages: state.outages.list(),
    });
    return true;
  }
  if (rawPath !== OUTAGES_PATH) return false;
  switch (req.method) {
    case 'GET':
      sendJson(res, 200, { outages: state.outages.list() });
      break;
    case 'POST':
      await startOutage(req, res, state.outages);
      break;
    case 'DELETE':
      // ?service=sts ends that one; without it, every outage ends.
      state.outages.end(
        new URLSearchParams(rawQuery).get('service') ?? undefined,
      );
      sendJson(res, 200, { outages: state.outages.list() });
      break;
    default:
      res.setHeader('allow', 'GET, POST, DELETE');
      sendJson(res, 405, { error: `${req.method} is not allowed here` });
  }
  return true;
}
