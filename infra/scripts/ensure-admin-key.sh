#!/bin/sh
# azd preprovision hook: give this azd environment a bootstrap admin key once (48 hex characters from the kernel's
# CSPRNG). main.parameters.json passes it to Bicep as a secure parameter, which stores it in Key Vault; it is never
# printed. Read it later with: azd env get-value SKYHEDGE_ADMIN_KEY
set -eu
if [ -n "$(azd env get-value SKYHEDGE_ADMIN_KEY 2>/dev/null || true)" ]; then
  exit 0
fi
key="sk-admin-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
azd env set SKYHEDGE_ADMIN_KEY "$key" >/dev/null
echo "ensure-admin-key: generated SKYHEDGE_ADMIN_KEY for this azd environment (azd env get-value SKYHEDGE_ADMIN_KEY)"
