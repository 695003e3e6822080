export interface Config {
  /**
   * Configuration for the aws-bridge plugins. The credential keys (`mainAccount`,
   * `accounts`, `accountDefaults`) and the proxy (`proxy`) are described by the packages that
   * read them as they land; this plugin reads none of them yet.
   */
  aws?: {};
}
