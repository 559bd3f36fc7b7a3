// Preloaded by the bench (`node --import`): on exit, writes the process's CPU time (user and
// system, microseconds) as JSON to file descriptor 3, so the bench can tell CPU from waiting even
// on a busy machine.
import { writeSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify(process.cpuUsage()));
  } catch {
    // Run without the bench's pipe: nothing to report to.
  }
});
