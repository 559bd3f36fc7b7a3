/** `npm run demo`: plan and apply examples/group.yaml against the built-in emulator (not built yet). */
console.log('gti-sync demo: not yet (the plan/apply engine has not landed).');
