#pragma once
#include "store/sqlite_db.h"

namespace ocop::store {
// Brings the schema to the newest numbered migration, each in its own
// transaction; a database newer than this binary is refused.
Status migrate(Database& db);
int latest_schema_version();
}  // namespace ocop::store
