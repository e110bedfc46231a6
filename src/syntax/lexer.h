/*
 * lexer.h — turns source text into the token array (internal to syntax/).
 *
 * Every byte lands in exactly one token, trivia included. Problems (an unterminated string, a stray
 * character, invalid UTF-8) are diagnostics; the lexer always finishes.
 */
#ifndef SMELT_SYNTAX_LEXER_H
#define SMELT_SYNTAX_LEXER_H

#include "syntax/syntax.h"

/* Returns a malloc'd token array (the caller frees it) and its length in *count. Diagnostic strings
 * are allocated in arena. */
smelt_token *smelt_lex(const char *text, uint32_t len, uint32_t *count, smelt_diag_list *diags,
                       smelt_arena *arena);

/* Looks a word up in the keyword table; SMELT_KW_NONE when it is not a keyword. */
smelt_keyword smelt_keyword_lookup(const char *word, size_t len);

#endif
