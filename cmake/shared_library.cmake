# libskb.so: named like the static library, versioned, exporting the skb_
# functions only (cmake/skb.map hides every other symbol of the objects).
# Before 1.0 a minor release may change the ABI, so the SONAME carries
# major.minor: libskb.so.0.2.
set_target_properties(skb_shared PROPERTIES
  OUTPUT_NAME skb
  EXPORT_NAME skb_shared
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/skb.map)
target_link_options(skb_shared PRIVATE
  -Wl,--version-script=${CMAKE_CURRENT_LIST_DIR}/skb.map
  -Wl,--no-undefined)
set_target_properties(skb PROPERTIES EXPORT_NAME skb_static)
