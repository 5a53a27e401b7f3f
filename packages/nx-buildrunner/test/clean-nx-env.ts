// The suite runs inside an Nx task (`nx run nx-buildrunner:test`), and Nx hands its task
// processes variables (task hash, output streaming, terminal output path) that would leak into
// the Nx workspaces the tests create and make their Nx believe it is that outer task. Every test
// that runs Nx sets what it needs; nothing inherited from the outer Nx may reach it.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('NX_')) delete process.env[name];
}
