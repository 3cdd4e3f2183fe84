/** intercom-sync: keeps Intercom in step with your user data, and gets Intercom's data back out. */
package io.intercomsync;
