// AWS error messages can name an access key ID ("The security token included in the request
// is invalid" does not, but some do). Key IDs are not secrets, but they point at one, so
// nothing this package reports or logs carries them whole.
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g;

export function redactSecrets(message: string): string {
  return message.replace(ACCESS_KEY_ID, '$1…');
}
