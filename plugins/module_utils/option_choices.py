# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fixed choices of user options, on the lowest floor so the argument specs can name
them without importing the code that acts on them (the consumer index, the TSIG signer)."""

# consumer_types: the user-facing filter -> the consumer record types it selects.
CONSUMER_TYPES = {
    "elbv2": ("elbv2_default", "elbv2_sni"),
    "elb": ("elb",),
    "cloudfront": ("cloudfront",),
    "apigateway": ("apigateway",),
    "apigatewayv2": ("apigatewayv2",),
    "transfer": ("transfer",),
    "vpc_lattice": ("vpc_lattice",),
    "opensearch": ("opensearch",),
    "cognito": ("cognito",),
    "elasticbeanstalk": ("elasticbeanstalk",),
    "apigateway_private": ("apigateway_private",),
}

# rfc2136_key_algorithm: the names users write (BIND's key statement).
TSIG_ALGORITHMS = ("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512")
