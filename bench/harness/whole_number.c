/* Strict whole-number parsing for command-line values. */
#include "whole_number.h"

#include <errno.h>
#include <stdlib.h>

bool parse_whole_number(const char *text, int64_t lo, int64_t hi, int64_t *value)
{
    /* strtoll alone would skip leading blanks and take a '+'. */
    const char *digits = text[0] == '-' ? text + 1 : text;
    if (*digits < '0' || *digits > '9')
        return false;
    char *end;
    errno = 0;
    const long long v = strtoll(text, &end, 10);
    if (errno == ERANGE || *end != '\0' || v < lo || v > hi)
        return false;
    *value = v;
    return true;
}
