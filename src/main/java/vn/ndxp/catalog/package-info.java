/**
 * The NDXP catalog: the agencies, their systems and the services the systems expose, with
 * traffic-model hints for the simulator. {@link vn.ndxp.catalog.CatalogLoader#builtIn()}
 * gives the built-in catalog (388 systems of 95 agencies, the April 2024 picture);
 * {@link vn.ndxp.catalog.CatalogLoader#load(java.nio.file.Path)} reads a user's own file
 * in the same format (described at the top of {@code src/main/resources/catalog/ndxp-catalog.yaml}).
 */
package vn.ndxp.catalog;
