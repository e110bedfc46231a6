/*
 * keyword_hash.h — the hash shared by the keyword-table generator and the lexer (internal).
 * FNV-1a over ASCII-lowercased bytes; the table has SMELT_KEYWORD_SLOTS entries (a power of two).
 */
#ifndef SMELT_SYNTAX_KEYWORD_HASH_H
#define SMELT_SYNTAX_KEYWORD_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SMELT_KEYWORD_SLOTS 1024

static inline uint32_t smelt_keyword_hash(const char *word, size_t len) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        hash = (hash ^ c) * 16777619u;
    }
    return hash;
}

#endif
