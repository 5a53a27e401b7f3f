// Preloaded (`node --require`) into the verdaccio child: it is started in its own process
// group so it can be stopped as a whole, which also means a killed parent would leave it
// running. The IPC channel closes when the parent dies, however it dies.
process.on('disconnect', () => process.exit(0));
