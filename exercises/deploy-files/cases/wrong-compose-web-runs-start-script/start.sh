#!/bin/sh
# Development start: bring the schema up to date, then serve.
set -e
node migrate.js
exec node server.js
