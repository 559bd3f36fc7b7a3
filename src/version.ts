/** gti-sync's version, sent in `x-tool` and `User-Agent`. Keep in step with package.json. */
export const VERSION = '0.1.0';
