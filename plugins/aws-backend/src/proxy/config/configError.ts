import { awsConfigErrors } from '@aws-bridge/plugin-aws-node';

/**
 * A mistake in `aws.proxy` or `proxysigv4`, naming the key: it stops the backend at startup.
 * The shared format (`Invalid AWS proxy config at <key>: <message>`), so that every aws-bridge
 * package reports config mistakes alike.
 */
export const configError = awsConfigErrors('AWS proxy');
