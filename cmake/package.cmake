# package.cmake: the Debian package (issue 18), built by CPack from this build's install rules:
#   cpack -G DEB --config build/CPackConfig.cmake -B dist     (scripts/release does it)
# It holds what `cmake --install` installs (bin/dcmigrate, the man page, the copyright file),
# under /usr, stripped. Depends is computed by dpkg-shlibdeps from the binary itself, so it says
# exactly what this build needs (only libc6 once the binary is self-contained).
install(FILES ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)

set(CPACK_PACKAGE_NAME dcmigrate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "dcmigrate maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Migration analyzer and rewriter for Devcaster/Composio direct-tools code")
set(CPACK_PACKAGE_DESCRIPTION
    "dcmigrate finds uses of the direct tools API (tools.get, tools.execute, toolkit versions,
connected_accounts.link, the v1/v2 entity/action/toolset vocabulary) in Python and
TypeScript/JavaScript, rewrites what can be rewritten safely into the session form, and
says precisely what is left to do by hand. Reports as text, JSON, SARIF, JUnit, GitHub
annotations, Markdown or HTML; a baseline and a fail-on level make it a CI gate.")
set(CPACK_PACKAGE_CONTACT "dcmigrate maintainers <maintainers@users.noreply.b-seed-0dcf6695.example>")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
