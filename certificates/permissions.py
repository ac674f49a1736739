"""Who may do what with certificates, as named functions, with the matching querysets."""

from .models import Certificate


def certificates_of(user):
    """The certificates a user sees on "My certificates": their own, and only theirs."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(user=user)


def can_download(user, certificate: Certificate) -> bool:
    """Only the holder downloads the files, and not once the certificate is revoked."""
    return (
        user.is_authenticated
        and certificate.user_id == user.pk
        and certificate.status == Certificate.Status.VALID
    )


def can_choose_name(user, certificate: Certificate) -> bool:
    return can_download(user, certificate)


def can_manage_certificates(user) -> bool:
    """Centre staff: see every certificate in the admin, revoke, reinstate, re-issue."""
    return user.is_active and user.has_perm("certificates.manage_certificates")


def can_download_archives(user) -> bool:
    """Centre staff: download all certificates of a course as one ZIP."""
    return user.is_active and user.has_perm("certificates.download_certificate_archives")


def managed_certificates(user):
    """The certificates listed in the admin for `user`."""
    if not can_manage_certificates(user):
        return Certificate.objects.none()
    return Certificate.objects.all()
