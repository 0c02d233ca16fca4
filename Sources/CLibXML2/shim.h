#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its <unicode/ucnv.h> clashes with Foundation's bundled
   _FoundationICU ("'UErrorCode' has different definitions in different modules"). We never touch
   the ICU fields of xmlCharEncodingHandler, so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
/* xmlFree is a global function-pointer variable, which Swift 6 refuses to touch. */
static inline void clibxml2_free(void *p) { xmlFree(p); }
#endif
