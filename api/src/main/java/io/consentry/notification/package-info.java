/**
 * What the platform tells a data subject on its own initiative, at their contact address: every consent recorded or
 * ended in their name (with the signed receipt), every face enrolled, a change of their address (at the old one), a
 * material notice change and erasure. So a decision they did not make does not stay hidden from them.
 */
package io.consentry.notification;
