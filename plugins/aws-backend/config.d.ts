export interface Config {
  /**
   * Configuration for the aws-bridge plugins. The credential keys (`mainAccount`,
   * `accounts`, `accountDefaults`) are described by @aws-bridge/plugin-aws-node, which reads
   * them; the proxy (`proxy`) joins this file when it lands.
   */
  aws?: {};
}
