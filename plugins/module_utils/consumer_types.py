# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The consumer types a user can select (``consumer_types``) and the record types each covers.

Its own file so the argument specs can name the choices without importing the consumer index.
"""

# User-facing consumer type filter -> record types it selects.
CONSUMER_TYPES = {
    "elbv2": ("elbv2_default", "elbv2_sni"),
    "elb": ("elb",),
    "cloudfront": ("cloudfront",),
    "apigateway": ("apigateway",),
    "apigatewayv2": ("apigatewayv2",),
}
