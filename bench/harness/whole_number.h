/* The strict parser of whole-number command-line values shared by skb-bench
 * and skb-heads: all of the text must be the number, and it must be in range. */
#ifndef SKB_BENCH_WHOLE_NUMBER_H
#define SKB_BENCH_WHOLE_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* Parses decimal digits (an optional leading '-') that make up the whole
 * of text into *value, if lo <= value <= hi.  Rejects empty text, leading
 * blanks or '+', trailing characters ("3abc") and numbers out of range,
 * however many digits they have; *value is untouched then. */
bool parse_whole_number(const char *text, int64_t lo, int64_t hi, int64_t *value);

#endif
