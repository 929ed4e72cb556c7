// ts-patch entry point for the @nestjs/swagger CLI plugin, which Nest only wires up through its own
// CLI: the plugin takes (options, program), ts-patch passes (program, config). Plain JS because
// ts-patch would need ts-node to load a TypeScript transformer.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by ts-patch with require()
const { before } = require('@nestjs/swagger/plugin');

module.exports = (program, config) => before(config.options ?? {}, program);
