/** Spring Boot integration of ha4j. */
package io.ha4j.spring;
