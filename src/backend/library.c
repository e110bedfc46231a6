/* library.c — see library.h. */
#include "backend/library.h"

#include <dlfcn.h>
#include <stdio.h>

smelt_status smelt_library_load(smelt_library *library) {
    pthread_mutex_lock(&library->lock);
    if (!library->tried) {
        library->tried = true;
        /* Found like a linked library: through the binary's run path (.deps/duckdb/lib when built
         * there), LD_LIBRARY_PATH and the system's folders. */
        library->handle = dlopen(library->file, RTLD_NOW | RTLD_LOCAL);
        if (!library->handle) {
            const char *reason = dlerror();
            snprintf(library->error, sizeof library->error, "cannot load %s (%s): %s; %s", library->what, library->file,
                     reason ? reason : "not found", library->hint);
        } else {
            library->resolve(library);
        }
    }
    pthread_mutex_unlock(&library->lock);
    if (library->error[0]) return smelt_status_set(SMELT_ERR_CONNECT, "%s", library->error);
    return SMELT_OK;
}

void smelt_library_symbol(smelt_library *library, const char *name, void **slot) {
    if (library->error[0]) return;
    *slot = dlsym(library->handle, name);
    if (!*slot)
        snprintf(library->error, sizeof library->error, "%s (%s) has no function %s: it is older than smelt needs; %s",
                 library->what, library->file, name, library->hint);
}
