// `--name value` and `--name=value` options for the benchmark drivers. Every
// option has a default, so a typo is an error that lists the real names.
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) {
      console.error(`unknown argument ${argv[i]}; known: ${Object.keys(defaults).map((k) => '--' + k).join(' ')}`);
      process.exit(2);
    }
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}
