import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl, OUTAGES_PATH } from './control';
import { loadFixture } from './fixture/loadFixture';
import type { FixtureInput } from './fixture/schema';
import { AwsError } from './protocols/AwsError';
import { authError, Protocol, sendError } from './protocols/render';
import { readBody } from './readBody';
import { echo, stream, STREAM_PATH } from './services/apiGateway';
import type { HandlerOptions, RequestContext } from './services/context';
import { iamActions } from './services/iam';
import { stsActions, UNSIGNED_STS_ACTIONS } from './services/sts';
import { JSON_SERVICES } from './services/jsonServices';
import {
  AuthProblem,
  parseSignature,
  SignatureClaim,
} from './sigv4/parseSignature';
import { verifySignature } from './sigv4/verifySignature';
import { AssumeRoleCounts, AssumeRoleTally } from './state/AssumeRoleTally';
import { Faults, InjectedError } from './state/Faults';
import { Identities } from './state/Identities';
import { Outage, OutageMode, Outages } from './state/Outages';

export interface AwsEmulatorOptions extends HandlerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** A fixture object or a YAML file path; defaults to the demo fixture. */
  fixture?: FixtureInput | string;
  /** The emulator's clock, in epoch milliseconds (tests of skew and expiry). */
  now?: () => number;
}

export interface AwsEmulator {
  /** e.g. `http://127.0.0.1:4566`, for an SDK client's `endpoint` or `AWS_ENDPOINT_URL`. */
  url: string;
  port: number;
  /**
   * How many requests each API received, signed correctly or not, keyed
   * `<service>:<operation>`: `sts:AssumeRole`, `iam:ListAccountAliases`,
   * `tagging:GetResources`, `cognito-idp:ListUsers`, `identitystore:ListGroupMemberships`,
   * `execute-api:echo`, `execute-api:stream`, ...
   */
  calls(): Record<string, number>;
  /** The count for one API (0 when never called). */
  callCount(api: string): number;
  /**
   * Every request in arrival order, with the region and access key ID its signature claims
   * (absent when unsigned): which region a client called, and with which credentials. Keeps
   * the last 10,000.
   */
  callLog(): EmulatorCall[];
  /**
   * The `sts:AssumeRole` calls received, by the account of the role asked for and by the
   * caller's SDK app ID (`app/<id>` in its user agent, from `AWS_SDK_UA_APP_ID`), `unknown`
   * for either when absent: `{ "111111111111": { "replica-1": 3, "unknown": 1 } }`.
   */
  assumeRoleCounts(): AssumeRoleCounts;
  /** Clears the counts, the AssumeRole counts and the log. */
  resetCalls(): void;
  /**
   * For `ms` milliseconds, every request for `service` (the signature scope's: `sts`,
   * `tagging`, `execute-api`, ...) fails: `reset` drops its connection without an answer,
   * `unavailable` (the default) answers 503 `ServiceUnavailable` in the service's format.
   * Replaces an outage of the same service in progress.
   */
  outage(service: string, ms: number, mode?: OutageMode): void;
  /** Ends the outage of `service`, or every outage. */
  endOutages(service?: string): void;
  /** The outages in progress. */
  outages(): Outage[];
  /**
   * Answers the next `times` requests to `api` (`<service>:<Operation>`, as the call counts
   * key them, e.g. `cognito-idp:ListUsersInGroup`) with `error`, in that service's wire
   * format, instead of the real answer. Only requests whose signature holds use it up.
   * Calls queue: `failNext(api, a); failNext(api, b)` fails the next two with a, then b.
   */
  failNext(api: string, error: InjectedError, times?: number): void;
  stop(): Promise<void>;
}

const MAX_LOGGED_CALLS = 10_000;

/** One request, as {@link AwsEmulator.callLog} lists it. */
export interface EmulatorCall {
  api: string;
  region?: string;
  accessKeyId?: string;
}

function protocolFor(service: string): Protocol {
  if (service === 'sts' || service === 'iam') return 'query';
  if (Object.hasOwn(JSON_SERVICES, service)) return 'json';
  if (service === 's3') return 'rest-xml';
  return 'rest-json';
}

/** The operation a request names, in its service's own way. */
function operationOf(
  service: string,
  req: http.IncomingMessage,
  rawPath: string,
  form: URLSearchParams,
): string {
  switch (protocolFor(service)) {
    case 'query':
      return form.get('Action') ?? '(no Action)';
    case 'json':
      return String(req.headers['x-amz-target'] ?? '(no X-Amz-Target)')
        .split('.')
        .pop()!;
    default:
      return STREAM_PATH.test(rawPath) ? 'stream' : 'echo';
  }
}

/** Query-protocol parameters: the form body of a POST, else the query string. */
function formParams(
  req: http.IncomingMessage,
  body: Buffer | undefined,
  rawQuery: string,
) {
  const isForm = String(req.headers['content-type'] ?? '').startsWith(
    'application/x-www-form-urlencoded',
  );
  return new URLSearchParams(isForm && body ? body.toString('utf8') : rawQuery);
}

/** Starts the emulator; resolves once it listens. */
export async function startAwsEmulator(
  options: AwsEmulatorOptions = {},
): Promise<AwsEmulator> {
  const identities = new Identities(loadFixture(options.fixture));
  const now = options.now ?? Date.now;
  const counts = new Map<string, number>();
  const log: EmulatorCall[] = [];
  const faults = new Faults();
  const assumeRoles = new AssumeRoleTally();
  const outages = new Outages();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    // AWS's clock is the truth SDKs correct their skew against, so send the emulator's.
    res.setHeader('date', new Date(now()).toUTCString());
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);

    if (
      await handleControl(req, res, rawPath, rawQuery, {
        counts,
        assumeRoles,
        outages,
      })
    ) {
      return;
    }

    const { body, length, sha256 } = await readBody(req);
    const query = new URLSearchParams(rawQuery);
    let protocol: Protocol = 'rest-json';
    let service = 'execute-api';
    try {
      // A malformed signature is answered in the format of the service the request looks
      // meant for, so it is read before the error is thrown.
      let claim: SignatureClaim | undefined;
      let malformed: AuthProblem | undefined;
      try {
        claim = parseSignature(req.headers, query);
      } catch (error) {
        if (!(error instanceof AuthProblem)) throw error;
        malformed = error;
      }
      // Only query-protocol calls (and those without a readable scope, which may be STS) have
      // form parameters; an echo body is never decoded.
      const form =
        !claim || protocolFor(claim.service) === 'query'
          ? formParams(req, body, rawQuery)
          : new URLSearchParams();
      // Unsigned: only STS's web identity exchange is allowed, as in AWS.
      service = claim?.service ?? (form.has('Action') ? 'sts' : 'execute-api');
      protocol = protocolFor(service);
      const operation = operationOf(service, req, rawPath, form);
      const api = `${service}:${operation}`;
      counts.set(api, (counts.get(api) ?? 0) + 1);
      log.push({ api, region: claim?.region, accessKeyId: claim?.accessKeyId });
      // The demo emulator runs for hours; tests need only the recent calls.
      if (log.length > MAX_LOGGED_CALLS) log.shift();
      if (api === 'sts:AssumeRole') {
        assumeRoles.record(form.get('RoleArn'), req.headers);
      }
      // A service in an outage checks nothing: the request is counted, then fails.
      const outage = outages.modeOf(service);
      if (outage === 'reset') {
        req.socket.destroy();
        return;
      }
      if (outage === 'unavailable') {
        throw new AwsError(
          'ServiceUnavailable',
          503,
          `aws-emulator: ${service} is in an outage (POST ${OUTAGES_PATH})`,
        );
      }
      if (malformed) throw malformed;

      const time = now();
      const key = claim
        ? verifySignature(
            claim,
            {
              method: req.method ?? 'GET',
              url,
              headers: req.headers,
              body,
              bodySha256: sha256,
            },
            identities,
            time,
          )
        : undefined;
      if (!key && !(service === 'sts' && UNSIGNED_STS_ACTIONS.has(operation))) {
        throw new AuthProblem('missingAuthentication');
      }
      // Injected failures come after the signature checks, as a throttle or a server error
      // would: a test of signing does not use up a failure meant for the call after it.
      const injected = faults.take(api);
      if (injected) throw injected;
      const ctx: RequestContext = {
        req,
        res,
        rawPath,
        rawQuery,
        body,
        bodyLength: length,
        bodySha256: sha256,
        service,
        region: claim?.region ?? 'us-east-1',
        caller: key?.principal,
        identities,
        now: time,
        options,
      };
      await dispatch(ctx, protocol, operation, form);
    } catch (error) {
      if (error instanceof AuthProblem) {
        sendError(
          res,
          protocol,
          service,
          authError(protocol, error.failure, error.message),
        );
      } else if (error instanceof AwsError) {
        sendError(res, protocol, service, error);
      } else {
        sendError(
          res,
          protocol,
          service,
          new AwsError(
            'InternalFailure',
            500,
            `aws-emulator: ${(error as Error).message}`,
          ),
        );
      }
    }
  }

  async function dispatch(
    ctx: RequestContext,
    protocol: Protocol,
    operation: string,
    form: URLSearchParams,
  ) {
    if (protocol === 'query') {
      const actions = ctx.service === 'sts' ? stsActions : iamActions;
      const action = Object.hasOwn(actions, operation)
        ? actions[operation]
        : undefined;
      if (!action) {
        throw new AwsError(
          'InvalidAction',
          400,
          `Could not find operation ${operation} for ${ctx.service}`,
        );
      }
      action(ctx, form);
      return;
    }
    if (protocol === 'json') {
      const { targetPrefix, operations } = JSON_SERVICES[ctx.service];
      const target = String(ctx.req.headers['x-amz-target'] ?? '');
      const handler =
        target === `${targetPrefix}.${operation}` &&
        Object.hasOwn(operations, operation)
          ? operations[operation]
          : undefined;
      if (!handler) {
        throw new AwsError(
          'UnknownOperationException',
          400,
          `Unknown operation ${operation}`,
        );
      }
      let input: unknown;
      try {
        input = JSON.parse(ctx.body?.toString('utf8') || '{}');
      } catch {
        throw new AwsError(
          'SerializationException',
          400,
          'The request body is not valid JSON.',
        );
      }
      handler(ctx, input);
      return;
    }
    const streamMatch = STREAM_PATH.exec(ctx.rawPath);
    if (streamMatch) await stream(ctx, Number(streamMatch[1]));
    else echo(ctx);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
      resolve(),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host =
    options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    calls: () => Object.fromEntries(counts),
    callCount: api => counts.get(api) ?? 0,
    callLog: () => [...log],
    assumeRoleCounts: () => assumeRoles.counts(),
    resetCalls: () => {
      counts.clear();
      assumeRoles.clear();
      log.length = 0;
    },
    outage: (service, ms, mode = 'unavailable') =>
      outages.start(service, ms, mode),
    endOutages: service => outages.end(service),
    outages: () => outages.list(),
    failNext: (api, error, times = 1) => faults.add(api, error, times),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
