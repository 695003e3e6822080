/** Where STS calls for one account go. */
export type StsSettings = {
  region: string;
  /** Unset: the SDK's own resolution, which honours AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** How long getting credentials may take (aws.credentialsTimeout). */
  timeoutMs: number;
};

/** Client config for the STS clients this package makes. */
export function stsClientConfig(sts: StsSettings) {
  return {
    region: sts.region,
    // Only when configured: an explicit endpoint turns off the SDK's AWS_ENDPOINT_URL_* lookup.
    ...(sts.endpoint ? { endpoint: sts.endpoint } : {}),
    customUserAgent: 'aws-bridge-credentials',
    // Each attempt's socket is given up after the deadline, so that an STS that never answers
    // holds no connection longer than callers wait, also in the SDK's own providers (web
    // identity, profiles), which take no AbortSignal (see withDeadline).
    requestHandler: {
      connectionTimeout: sts.timeoutMs,
      requestTimeout: sts.timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * The same, for clients of other services (SSO, IAM): an entry's `stsEndpoint` is STS's
 * alone, so they keep the SDK's endpoint resolution (AWS_ENDPOINT_URL_<SERVICE> and the rest).
 */
export function otherServiceClientConfig(sts: StsSettings) {
  const { endpoint: _stsOnly, ...config } = stsClientConfig(sts);
  return config;
}
