/** `npm run bench`: round trips and wall time of plan and apply against the emulator (not built yet). */
console.log('gti-sync bench: not yet (the plan/apply engine has not landed).');
