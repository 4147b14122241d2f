#!/usr/bin/env node
import { main } from "./cli.js";

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
