/*
 * lexer.c — the SQL lexer: one pass over the bytes, longest match, no backtracking.
 *
 * String rules follow DuckDB (and standard SQL): '' doubles a quote inside '...', a backslash is an
 * ordinary character, except in E'...' strings where it escapes. "..." and `...` are quoted
 * identifiers with the quote doubled inside. Block comments nest, as in DuckDB and PostgreSQL.
 *
 * Identifiers may hold letters of any script; a non-ASCII punctuation or space character (`§`, a
 * no-break space, typographic quotes) is an ERROR token with one diagnostic, which the parser then
 * steps over. Bytes that are not UTF-8 stay inside words; the file gets one diagnostic for them.
 */
#include "syntax/lexer.h"

#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "syntax/keyword_hash.h"
#include "lexer_tables.inc"

static const char *const keyword_names[] = {
    "",
#define X(name, reserved) #name,
#include "syntax/keywords.def"
#undef X
};

static const unsigned char keyword_lengths[] = {
    0,
#define X(name, reserved) sizeof(#name) - 1,
#include "syntax/keywords.def"
#undef X
};

typedef struct {
    const char *text;
    uint32_t len;
    smelt_token *tokens;
    uint32_t count;
    uint32_t cap;
    smelt_diag_list *diags;
    smelt_arena *arena;
} lexer;

static bool is_word_start(unsigned char c) { return char_class[c] & (CHAR_WORD_START | CHAR_NON_ASCII); }

static bool is_word_char(unsigned char c) { return char_class[c] & (CHAR_WORD | CHAR_NON_ASCII); }

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The code point of the valid UTF-8 sequence of n bytes at s. */
static uint32_t decode_utf8(const unsigned char *s, size_t n) {
    if (n == 1) return s[0];
    uint32_t cp = s[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++) cp = (cp << 6) | (s[i] & 0x3F);
    return cp;
}

/* Non-ASCII code points that are punctuation, spaces or symbols rather than letters: they cannot be
 * part of an identifier. Identifiers may use letters of any script (DuckDB and Spark accept `café`),
 * but a `§`, a no-break space or a typographic quote pasted from a document is a mistake, and is
 * reported where it stands instead of silently becoming part of a name. */
static bool is_symbol_code_point(uint32_t cp) {
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return false;          /* ª µ º are letters */
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || /* Latin-1 punctuation, x, / */
           (cp >= 0x2000 && cp <= 0x2BFF) ||                        /* punctuation, arrows, math */
           (cp >= 0x3000 && cp <= 0x303F) ||                        /* CJK punctuation, space */
           (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) || cp == 0xFEFF ||
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || /* fullwidth punctuation */
           (cp >= 0xFFF0 && cp <= 0xFFFF);
}

/* Byte length of the identifier character at text[i], or 0 when none starts there: ASCII letters,
 * digits (unless start), '_' and '$' (unless start), and non-ASCII letters. */
static uint32_t word_char_length(const lexer *lx, uint32_t i, bool start) {
    unsigned char c = (unsigned char)lx->text[i];
    if (c < 0x80) return (start ? is_word_start(c) : is_word_char(c)) ? 1 : 0;
    size_t n = smelt_utf8_sequence_length((const unsigned char *)lx->text + i, lx->len - i);
    /* A byte that is not UTF-8 is most likely a letter in another encoding (Latin-1 `caf\xE9`):
     * it stays in the word, and the file gets one "not valid UTF-8" diagnostic. */
    if (n == 0) return 1;
    if (is_symbol_code_point(decode_utf8((const unsigned char *)lx->text + i, n))) return 0;
    return (uint32_t)n;
}

static bool is_hex_digit(unsigned char c) {
    return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/* Finds the keyword whose FNV-1a hash (of the lowercased word) is hash. */
static smelt_keyword keyword_for_hash(uint32_t hash, const char *word, size_t len) {
    if (len == 0 || len > KEYWORD_MAX_LEN) return SMELT_KW_NONE;
    for (uint32_t slot = hash & (SMELT_KEYWORD_SLOTS - 1); keyword_slots[slot];
         slot = (slot + 1) & (SMELT_KEYWORD_SLOTS - 1)) {
        if (keyword_lengths[keyword_slots[slot]] != len) continue;
        const char *name = keyword_names[keyword_slots[slot]];
        size_t k = 0;
        while (k < len) {
            char c = word[k];
            if (c >= 'a' && c <= 'z') c = (char)(c - 32);
            if (c != name[k]) break;
            k++;
        }
        if (k == len) return (smelt_keyword)keyword_slots[slot];
    }
    return SMELT_KW_NONE;
}

smelt_keyword smelt_keyword_lookup(const char *word, size_t len) {
    return keyword_for_hash(smelt_keyword_hash(word, len), word, len);
}

static inline void push_token(lexer *lx, smelt_token_kind kind, uint32_t start, uint32_t end) {
    if (lx->count == lx->cap) {
        lx->cap = lx->cap * 2;
        lx->tokens = smelt_xrealloc(lx->tokens, (size_t)lx->cap * sizeof *lx->tokens);
    }
    smelt_token *token = &lx->tokens[lx->count++];
    (void)end; /* the next token's start, or the sentinel's */
    token->offset = start;
    token->kind = (uint16_t)kind;
    token->keyword = SMELT_KW_NONE;
}

static void lex_error(lexer *lx, smelt_diag_code code, uint32_t start, uint32_t end, const char *message,
                      const char *hint) {
    smelt_diag *diag = smelt_diag_list_add(lx->diags, SMELT_SEVERITY_ERROR, code, start, end, message);
    diag->hint = hint;
}

/* Scans a quoted run starting at text[start] (the opening quote). The quote character doubled stands
 * for itself; with backslash_escapes, a backslash escapes the next byte. Returns the end offset. */
static uint32_t scan_quoted(lexer *lx, uint32_t start, uint32_t open_at, char quote, bool backslash_escapes,
                            const char *what) {
    const char *s = lx->text;
    uint32_t i = open_at + 1;
    for (;;) {
        const char *hit = NULL;
        if (i < lx->len) {
            /* memchr for the quote is the fast path; backslashes need a byte loop. */
            if (!backslash_escapes) hit = memchr(s + i, quote, lx->len - i);
            else {
                uint32_t j = i;
                while (j < lx->len && s[j] != quote) j += (s[j] == '\\' && j + 1 < lx->len) ? 2 : 1;
                hit = j < lx->len ? s + j : NULL;
            }
        }
        if (!hit) {
            lex_error(lx, SMELT_DIAG_UNTERMINATED, start, open_at + 1,
                      smelt_arena_printf(lx->arena,
                                         "expected a closing %c for the %s that starts here, found end of input", quote,
                                         what),
                      quote == '\'' ? "a quote inside a string is written twice: 'it''s'" : NULL);
            return lx->len;
        }
        i = (uint32_t)(hit - s) + 1;
        if (i < lx->len && s[i] == quote) {
            i++; /* a doubled quote stands for itself */
            continue;
        }
        return i;
    }
}

/* $tag$ ... $tag$ (tag may be empty). Returns 0 when text[start] does not open a dollar string. */
static uint32_t scan_dollar_string(lexer *lx, uint32_t start) {
    const char *s = lx->text;
    uint32_t i = start + 1;
    while (i < lx->len && (is_word_start((unsigned char)s[i]) || is_digit((unsigned char)s[i])) &&
           !(i == start + 1 && is_digit((unsigned char)s[i])))
        i++;
    if (i >= lx->len || s[i] != '$') return 0;
    uint32_t tag_len = i + 1 - start; /* including both dollars */
    uint32_t j = i + 1;
    while (j + tag_len <= lx->len) {
        const char *hit = memchr(s + j, '$', lx->len - j);
        if (!hit) break;
        j = (uint32_t)(hit - s);
        if (j + tag_len <= lx->len && memcmp(s + j, s + start, tag_len) == 0) return j + tag_len;
        j++;
    }
    lex_error(lx, SMELT_DIAG_UNTERMINATED, start, start + tag_len,
              smelt_arena_printf(lx->arena,
                                 "expected a closing %.*s for the dollar-quoted string that starts here, "
                                 "found end of input",
                                 (int)tag_len, s + start),
              NULL);
    return lx->len;
}

static uint32_t scan_number(lexer *lx, uint32_t i) {
    const char *s = lx->text;
    uint32_t len = lx->len;
    if (s[i] == '0' && i + 1 < len && (s[i + 1] | 32) == 'x' && i + 2 < len &&
        is_hex_digit((unsigned char)s[i + 2])) {
        i += 2;
        while (i < len && (is_hex_digit((unsigned char)s[i]) || s[i] == '_')) i++;
        return i;
    }
    if (s[i] == '0' && i + 1 < len && (s[i + 1] | 32) == 'b' && i + 2 < len && (s[i + 2] == '0' || s[i + 2] == '1')) {
        i += 2;
        while (i < len && (s[i] == '0' || s[i] == '1' || s[i] == '_')) i++;
        return i;
    }
    while (i < len && (is_digit((unsigned char)s[i]) || (s[i] == '_' && i + 1 < len && is_digit((unsigned char)s[i + 1]))))
        i++;
    if (i < len && s[i] == '.' && !(i + 1 < len && s[i + 1] == '.')) {
        i++;
        while (i < len && (is_digit((unsigned char)s[i]) || (s[i] == '_' && i + 1 < len && is_digit((unsigned char)s[i + 1]))))
            i++;
    }
    if (i < len && (s[i] | 32) == 'e') {
        uint32_t j = i + 1;
        if (j < len && (s[j] == '+' || s[j] == '-')) j++;
        if (j < len && is_digit((unsigned char)s[j])) {
            i = j;
            while (i < len && is_digit((unsigned char)s[i])) i++;
        }
    }
    /* Spark's typed suffixes: 10L, 5S, 2Y, 1.5D, 1.5F, 1.5BD — only when no other word character
     * follows, so `1 day` and `t1` are untouched. */
    uint32_t suffix = 0;
    if (i < len) {
        char c = (char)(s[i] | 32);
        if (c == 'l' || c == 's' || c == 'y' || c == 'd' || c == 'f') suffix = 1;
        if (c == 'b' && i + 1 < len && (s[i + 1] | 32) == 'd') suffix = 2;
    }
    if (suffix && (i + suffix >= len || !is_word_char((unsigned char)s[i + suffix]))) i += suffix;
    return i;
}

/* The operator spellings, longest first for each leading character. */
static uint32_t scan_operator(const char *s, uint32_t i, uint32_t len, smelt_token_kind *kind) {
#define NEXT_IS(offset, ch) (i + (offset) < len && s[i + (offset)] == (ch))
    switch (s[i]) {
    case '(': *kind = SMELT_TOKEN_LPAREN; return 1;
    case ')': *kind = SMELT_TOKEN_RPAREN; return 1;
    case '[': *kind = SMELT_TOKEN_LBRACKET; return 1;
    case ']': *kind = SMELT_TOKEN_RBRACKET; return 1;
    case '{': *kind = SMELT_TOKEN_LBRACE; return 1;
    case '}': *kind = SMELT_TOKEN_RBRACE; return 1;
    case ',': *kind = SMELT_TOKEN_COMMA; return 1;
    case ';': *kind = SMELT_TOKEN_SEMICOLON; return 1;
    case '.': *kind = SMELT_TOKEN_DOT; return 1;
    case ':':
        if (NEXT_IS(1, ':')) { *kind = SMELT_TOKEN_DOUBLE_COLON; return 2; }
        if (NEXT_IS(1, '=')) { *kind = SMELT_TOKEN_COLON_EQ; return 2; }
        *kind = SMELT_TOKEN_COLON; return 1;
    case '=':
        if (NEXT_IS(1, '>')) { *kind = SMELT_TOKEN_FAT_ARROW; return 2; }
        if (NEXT_IS(1, '=')) { *kind = SMELT_TOKEN_EQ_EQ; return 2; }
        *kind = SMELT_TOKEN_EQ; return 1;
    case '-':
        if (NEXT_IS(1, '>') && NEXT_IS(2, '>')) { *kind = SMELT_TOKEN_LONG_ARROW; return 3; }
        if (NEXT_IS(1, '>')) { *kind = SMELT_TOKEN_ARROW; return 2; }
        *kind = SMELT_TOKEN_MINUS; return 1;
    case '+': *kind = SMELT_TOKEN_PLUS; return 1;
    case '*':
        if (NEXT_IS(1, '*')) { *kind = SMELT_TOKEN_DOUBLE_STAR; return 2; }
        *kind = SMELT_TOKEN_STAR; return 1;
    case '/':
        if (NEXT_IS(1, '/')) { *kind = SMELT_TOKEN_DOUBLE_SLASH; return 2; }
        *kind = SMELT_TOKEN_SLASH; return 1;
    case '%': *kind = SMELT_TOKEN_PERCENT; return 1;
    case '^':
        if (NEXT_IS(1, '@')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_CARET; return 1;
    case '|':
        if (NEXT_IS(1, '|')) { *kind = SMELT_TOKEN_CONCAT; return 2; }
        *kind = SMELT_TOKEN_PIPE; return 1;
    case '&':
        if (NEXT_IS(1, '&')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_AMP; return 1;
    case '~':
        if (NEXT_IS(1, '~') && NEXT_IS(2, '*')) { *kind = SMELT_TOKEN_OPERATOR; return 3; }
        if (NEXT_IS(1, '~') || NEXT_IS(1, '*')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_TILDE; return 1;
    case '<':
        if (NEXT_IS(1, '=') && NEXT_IS(2, '>')) { *kind = SMELT_TOKEN_NULL_SAFE_EQ; return 3; }
        if (NEXT_IS(1, '=')) { *kind = SMELT_TOKEN_LE; return 2; }
        if (NEXT_IS(1, '>')) { *kind = SMELT_TOKEN_NOT_EQ; return 2; }
        if (NEXT_IS(1, '<')) { *kind = SMELT_TOKEN_SHIFT_LEFT; return 2; }
        if (NEXT_IS(1, '@')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_LT; return 1;
    case '>':
        if (NEXT_IS(1, '=')) { *kind = SMELT_TOKEN_GE; return 2; }
        *kind = SMELT_TOKEN_GT; return 1;
    case '!':
        if (NEXT_IS(1, '=')) { *kind = SMELT_TOKEN_NOT_EQ; return 2; }
        if (NEXT_IS(1, '~') && NEXT_IS(2, '~') && NEXT_IS(3, '*')) { *kind = SMELT_TOKEN_OPERATOR; return 4; }
        if (NEXT_IS(1, '~') && (NEXT_IS(2, '~') || NEXT_IS(2, '*'))) { *kind = SMELT_TOKEN_OPERATOR; return 3; }
        if (NEXT_IS(1, '~')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_BANG; return 1;
    case '@':
        if (NEXT_IS(1, '>')) { *kind = SMELT_TOKEN_OPERATOR; return 2; }
        *kind = SMELT_TOKEN_OPERATOR; return 1;
    case '#': *kind = SMELT_TOKEN_OPERATOR; return 1;
    case '?': *kind = SMELT_TOKEN_PARAMETER; return 1;
    default: return 0;
    }
#undef NEXT_IS
}

smelt_token *smelt_lex(const char *text, uint32_t len, uint32_t *count, smelt_diag_list *diags,
                       smelt_arena *arena) {
    lexer lx = {text, len, NULL, 0, len / 3 + 16, diags, arena};
    lx.tokens = smelt_xmalloc((size_t)lx.cap * sizeof *lx.tokens);
    const char *s = text;

    uint32_t bad_utf8 = (uint32_t)smelt_utf8_first_invalid(text, len);
    if (bad_utf8 < len)
        lex_error(&lx, SMELT_DIAG_INVALID_UTF8, bad_utf8, bad_utf8 + 1,
                  smelt_arena_printf(arena, "expected UTF-8 text, found the byte 0x%02X, which is not valid UTF-8",
                                     (unsigned char)text[bad_utf8]),
                  "save the file as UTF-8");

    uint32_t i = 0;
    while (i < len) {
        uint32_t start = i;
        unsigned char c = (unsigned char)s[i];

        if (char_class[c] & CHAR_SPACE) {
            /* Aligned SQL has long runs of spaces: skip eight at a time. */
            do {
                uint64_t word;
                if (i + 8 <= len && (memcpy(&word, s + i, 8), word == 0x2020202020202020ull)) i += 8;
                else i++;
            } while (i < len && (char_class[(unsigned char)s[i]] & CHAR_SPACE));
            push_token(&lx, SMELT_TOKEN_WHITESPACE, start, i);
            continue;
        }

        /* A byte-order mark at the very start is whitespace (some editors write one). */
        if (i == 0 && len >= 3 && c == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) {
            i = 3;
            push_token(&lx, SMELT_TOKEN_WHITESPACE, start, i);
            continue;
        }

        if (c < 0x80 ? is_word_start(c) : word_char_length(&lx, i, true) > 0) {
            /* A one-letter prefix glued to a quote makes a special string: E'..', X'..', R'..', B'..'. */
            if (i + 1 < len && s[i + 1] == '\'') {
                char prefix = (char)(c | 32);
                if (prefix == 'e' || prefix == 'x' || prefix == 'r' || prefix == 'b' || prefix == 'n') {
                    i = scan_quoted(&lx, start, i + 1, '\'', prefix == 'e', "string");
                    push_token(&lx, SMELT_TOKEN_STRING, start, i);
                    continue;
                }
            }
            uint32_t hash = 2166136261u;
            while (i < len) {
                unsigned char w = (unsigned char)s[i];
                if (char_class[w] & CHAR_WORD) { /* the fast path: ASCII */
                    hash = (hash ^ lower_ascii[w]) * 16777619u;
                    i++;
                    continue;
                }
                if (!(char_class[w] & CHAR_NON_ASCII)) break;
                uint32_t n = word_char_length(&lx, i, false);
                if (n == 0) break;
                for (uint32_t end = i + n; i < end; i++) hash = (hash ^ (unsigned char)s[i]) * 16777619u;
            }
            push_token(&lx, SMELT_TOKEN_WORD, start, i);
            lx.tokens[lx.count - 1].keyword = (uint16_t)keyword_for_hash(hash, s + start, i - start);
            continue;
        }

        if (is_digit(c) || (c == '.' && i + 1 < len && is_digit((unsigned char)s[i + 1]))) {
            i = scan_number(&lx, i);
            push_token(&lx, SMELT_TOKEN_NUMBER, start, i);
            continue;
        }

        /* A string or identifier in typographic quotes (pasted from a document): one token and one
         * error, rather than an error for each quote and a confused parser in between. */
        if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x9C)) {
            bool single = (unsigned char)s[i + 2] == 0x98;
            char closing = single ? (char)0x99 : (char)0x9D;
            uint32_t j = i + 3;
            while (j + 2 < len && s[j] != '\n' &&
                   !((unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 && s[j + 2] == closing))
                j++;
            if (j + 2 < len && s[j] != '\n') {
                i = j + 3;
                push_token(&lx, single ? SMELT_TOKEN_STRING : SMELT_TOKEN_QUOTED_IDENT, start, i);
                lex_error(&lx, SMELT_DIAG_BAD_CHARACTER, start, i,
                          single ? "expected a string in straight quotes '...', found typographic quotes ‘...’"
                                 : "expected an identifier in straight quotes \"...\", "
                                   "found typographic quotes “...”",
                          NULL);
                continue;
            }
        }

        switch (c) {
        case '\'':
            i = scan_quoted(&lx, start, i, '\'', false, "string");
            push_token(&lx, SMELT_TOKEN_STRING, start, i);
            continue;
        case '"':
            i = scan_quoted(&lx, start, i, '"', false, "quoted identifier");
            push_token(&lx, SMELT_TOKEN_QUOTED_IDENT, start, i);
            continue;
        case '`':
            i = scan_quoted(&lx, start, i, '`', false, "quoted identifier");
            push_token(&lx, SMELT_TOKEN_QUOTED_IDENT, start, i);
            continue;
        case '-':
            if (i + 1 < len && s[i + 1] == '-') {
                const char *eol = memchr(s + i, '\n', len - i);
                i = eol ? (uint32_t)(eol - s) : len;
                push_token(&lx, SMELT_TOKEN_LINE_COMMENT, start, i);
                continue;
            }
            break;
        case '/':
            if (i + 1 < len && s[i + 1] == '*') {
                uint32_t depth = 1;
                i += 2;
                while (i < len && depth > 0) {
                    if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') { depth--; i += 2; }
                    else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') { depth++; i += 2; }
                    else i++;
                }
                if (depth > 0)
                    lex_error(&lx, SMELT_DIAG_UNTERMINATED, start, start + 2,
                              "expected */ to close the comment that starts here, found end of input",
                              depth > 1 ? "block comments nest: each /* needs its own */" : NULL);
                push_token(&lx, SMELT_TOKEN_BLOCK_COMMENT, start, i);
                continue;
            }
            break;
        case '$':
            if (i + 1 < len && is_digit((unsigned char)s[i + 1])) {
                i++;
                while (i < len && is_digit((unsigned char)s[i])) i++;
                push_token(&lx, SMELT_TOKEN_PARAMETER, start, i);
                continue;
            }
            {
                uint32_t end = scan_dollar_string(&lx, i);
                if (end) {
                    i = end;
                    push_token(&lx, SMELT_TOKEN_STRING, start, i);
                    continue;
                }
            }
            if (i + 1 < len && is_word_start((unsigned char)s[i + 1])) {
                i++;
                while (i < len && is_word_char((unsigned char)s[i]) && s[i] != '$') i++;
                push_token(&lx, SMELT_TOKEN_PARAMETER, start, i);
                continue;
            }
            break;
        default:
            break;
        }

        smelt_token_kind kind;
        uint32_t op_len = scan_operator(s, i, len, &kind);
        if (op_len) {
            i += op_len;
            push_token(&lx, kind, start, i);
            continue;
        }

        /* Nothing starts here: one error token for the character (the parser skips it). Invalid
         * UTF-8 never gets here: word_char_length takes it into a word. */
        size_t n = c < 0x80 ? 1 : smelt_utf8_sequence_length((const unsigned char *)s + i, len - i);
        i += (uint32_t)n;
        push_token(&lx, SMELT_TOKEN_ERROR, start, i);
        if (c >= 0x20 && c < 0x7f) {
            lex_error(&lx, SMELT_DIAG_BAD_CHARACTER, start, i,
                      smelt_arena_printf(arena, "unexpected character '%c'", c), NULL);
        } else if (c < 0x80) {
            lex_error(&lx, SMELT_DIAG_BAD_CHARACTER, start, i,
                      smelt_arena_printf(arena, "unexpected control character (byte 0x%02X)", c), NULL);
        } else {
            uint32_t cp = decode_utf8((const unsigned char *)s + start, n);
            bool invisible_space = cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000;
            const char *hint = NULL;
            if (cp == 0x2018 || cp == 0x2019) hint = "strings are quoted with the straight quote '";
            else if (cp == 0x201C || cp == 0x201D) hint = "identifiers are quoted with the straight quote \"";
            if (invisible_space)
                lex_error(&lx, SMELT_DIAG_BAD_CHARACTER, start, i,
                          smelt_arena_printf(arena,
                                             "expected an ordinary space, found the invisible space character U+%04X",
                                             cp),
                          "replace it with an ordinary space");
            else
                lex_error(&lx, SMELT_DIAG_BAD_CHARACTER, start, i,
                          smelt_arena_printf(arena, "unexpected character '%.*s' (U+%04X)", (int)n, s + start, cp),
                          hint);
        }
    }
    /* The array was sized for the worst case; give back what the file did not need, keeping room for
     * the sentinel that ends the last token (syntax.h). */
    lx.tokens = smelt_xrealloc(lx.tokens, ((size_t)lx.count + 1) * sizeof *lx.tokens);
    lx.tokens[lx.count] = (smelt_token){len, SMELT_TOKEN_KIND_COUNT, SMELT_KW_NONE};
    *count = lx.count;
    return lx.tokens;
}
