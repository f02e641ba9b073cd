// Browser-safe subpath '@wemoms/features/extra': the user x post match features, importing nothing.
export * from './extra/user-post-match.js';
