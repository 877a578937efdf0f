#include "mcp/connection.h"
