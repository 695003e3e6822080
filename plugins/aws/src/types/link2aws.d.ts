// link2aws ships JavaScript only; these are the members aws-bridge uses.
declare module 'link2aws' {
  export class ARN {
    constructor(text: string);
    readonly service: string;
    /** Empty for global resources and S3 buckets. */
    readonly region: string;
    /** The partition's console host: `console.aws.amazon.com`, `console.amazonaws.cn`, ... */
    readonly console: string;
    /** `instance` in `instance/i-1`, `function` in `function:name`; '' for SQS and S3. */
    readonly resource_type: string;
    /** What follows the type: `i-1`, `name`, `/aws/lambda/fn` for a log group. */
    readonly resource: string;
    /** The console URL for the resource; throws for a service or type it does not know. */
    readonly consoleLink: string;
  }
}
