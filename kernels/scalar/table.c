/* The scalar table. */
#include "tables.h"

SKB_DEFINE_TABLE(scalar, SKB_ISA_SCALAR, 1)
