# Builds the web app (web/: TypeScript, Vite, npm) and embeds what it builds into keel_web
# (cmake/embed_web.cmake), so that `keel serve` is one file. With -DKEEL_WEB=OFF (or for the
# fuzzers) keel_web holds no files and its pages say how to build the app.
option(KEEL_WEB "Build the web app (needs node and npm) and embed it in the keel binary" ON)
set(keel_embedded_web ${PROJECT_BINARY_DIR}/generated/web/embedded_web.cc)
set(keel_web_input "")
set(keel_web_depends "")
if(KEEL_WEB)
  find_program(KEEL_NPM npm)
  if(NOT KEEL_NPM)
    message(FATAL_ERROR "npm builds the web app: run scripts/setup to install it, or configure with -DKEEL_WEB=OFF")
  endif()
  set(keel_web_input ${PROJECT_BINARY_DIR}/web-dist)
  file(GLOB_RECURSE keel_web_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/src/* ${PROJECT_SOURCE_DIR}/web/public/*)
  file(GLOB keel_web_configuration CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*.json ${PROJECT_SOURCE_DIR}/web/*.ts
       ${PROJECT_SOURCE_DIR}/web/*.html)
  add_custom_command(
    OUTPUT ${keel_web_input}/index.html
    COMMAND sh ${PROJECT_SOURCE_DIR}/cmake/build_web.sh ${PROJECT_SOURCE_DIR}/web ${keel_web_input}
    DEPENDS ${keel_web_sources} ${keel_web_configuration} ${PROJECT_SOURCE_DIR}/cmake/build_web.sh
    COMMENT "Building the web app"
    VERBATIM)
  set(keel_web_depends ${keel_web_input}/index.html)
endif()
add_custom_command(
  OUTPUT ${keel_embedded_web}
  COMMAND ${CMAKE_COMMAND} -DINPUT_DIRECTORY=${keel_web_input} -DOUTPUT=${keel_embedded_web}
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake
  DEPENDS ${keel_web_depends} ${PROJECT_SOURCE_DIR}/cmake/embed_web.cmake
  COMMENT "Embedding the web app"
  VERBATIM)
target_sources(keel_web PRIVATE ${keel_embedded_web})
