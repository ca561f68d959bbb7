# Warnings for memplan's own targets; third-party headers are included as SYSTEM.
# -Wmissing-declarations: a function with external linkage needs a declaration in a header
# (or belongs in an anonymous namespace).
function(memplan_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion
      -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
      -Wmissing-declarations>)

  if(MEMPLAN_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>)
  endif()
endfunction()

# The window's own code: every conversion between char* / QByteArray and QString is explicit
# (the encoding is always chosen), and `+` on strings builds through QStringBuilder. Tests
# compare against string literals and keep the implicit conversions.
function(memplan_set_qt_strict target)
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_USE_QSTRINGBUILDER)
endfunction()
