# Embeds instruments/*.json and instruments/crisis-resources.txt into keel_measures at build time
# (see embed.cmake). Included from the top-level CMakeLists.txt after keel_measures is defined.
file(GLOB keel_instrument_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/instruments/*.json)
set(keel_embedded_instruments ${PROJECT_BINARY_DIR}/generated/measures/embedded_instruments.cc)
add_custom_command(
  OUTPUT ${keel_embedded_instruments}
  COMMAND ${CMAKE_COMMAND} -DINPUT_DIRECTORY=${PROJECT_SOURCE_DIR}/instruments -DOUTPUT=${keel_embedded_instruments}
          -P ${PROJECT_SOURCE_DIR}/instruments/embed.cmake
  DEPENDS ${keel_instrument_files} ${PROJECT_SOURCE_DIR}/instruments/crisis-resources.txt
          ${PROJECT_SOURCE_DIR}/instruments/embed.cmake
  COMMENT "Embedding the instruments"
  VERBATIM)
target_sources(keel_measures PRIVATE ${keel_embedded_instruments})
