from allauth.account.adapter import DefaultAccountAdapter


class KanalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from invitations (partner admins, channel ops) or approved applications.
        return False
