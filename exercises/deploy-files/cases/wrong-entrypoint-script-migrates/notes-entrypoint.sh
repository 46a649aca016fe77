#!/bin/sh
# Make sure the schema is current before serving.
set -e
node migrate.js
exec "$@"
